#include "config.h"
#include "conn.h"
