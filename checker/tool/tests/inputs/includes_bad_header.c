#include "bad_header.h"

int fine_here(void) { return 0; }
