/* placeholder: being written */
#include "config.h"
#include "addr.h"
