/* placeholder: being written */
#include "config.h"
#include "queue.h"
