/* placeholder: being written */
#include "config.h"
#include "aliases.h"
