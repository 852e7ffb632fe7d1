/* plan.c - src/engine/plan.c built for long descriptors (names.h). */
#include "names.h"
#include "../plan.c" /* NOLINT(bugprone-suspicious-include) */
