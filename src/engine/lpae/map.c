/* map.c - src/engine/map.c built for long descriptors (names.h). */
#include "names.h"
#include "../map.c" /* NOLINT(bugprone-suspicious-include) */
