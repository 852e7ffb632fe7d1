/* op.c - src/engine/op.c built for long descriptors (names.h). */
#include "names.h"
#include "../op.c" /* NOLINT(bugprone-suspicious-include) */
