/* placeholder: being written */
#include "config.h"
#include "header.h"
