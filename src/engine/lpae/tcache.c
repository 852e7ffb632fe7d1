/* tcache.c - src/engine/tcache.c built for long descriptors (names.h). */
#include "names.h"
#include "../tcache.c" /* NOLINT(bugprone-suspicious-include) */
