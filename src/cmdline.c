/* placeholder: being written */
#include "config.h"
#include "cmdline.h"
