/* adopt.c - src/engine/adopt.c built for long descriptors (names.h). */
#include "names.h"
#include "../adopt.c" /* NOLINT(bugprone-suspicious-include) */
