#include "config.h"
#include "spool.h"
