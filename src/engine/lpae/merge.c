/* merge.c - src/engine/merge.c built for long descriptors (names.h). */
#include "names.h"
#include "../merge.c" /* NOLINT(bugprone-suspicious-include) */
