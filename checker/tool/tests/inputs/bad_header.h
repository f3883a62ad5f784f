/* A header with a syntax error on line 4 (a missing semicolon). */
#include <ndis.h>

int broken_in_header(void) { return 1 }
