/* pool.c - src/engine/pool.c built for long descriptors (names.h). */
#include "names.h"
#include "../pool.c" /* NOLINT(bugprone-suspicious-include) */
