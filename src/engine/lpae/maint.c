/* maint.c - src/engine/maint.c built for long descriptors (names.h). */
#include "names.h"
#include "../maint.c" /* NOLINT(bugprone-suspicious-include) */
