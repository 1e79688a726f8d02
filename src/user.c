/* placeholder: being written */
#include "config.h"
#include "user.h"
