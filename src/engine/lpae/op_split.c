/* op_split.c - src/engine/op_split.c built for long descriptors (names.h). */
#include "names.h"
#include "../op_split.c" /* NOLINT(bugprone-suspicious-include) */
