/* placeholder: being written */
#include "config.h"
#include "tls.h"
