#include <ndis.h>
#include "no_such_header.h"

VOID UsesMissing(VOID) {}
