/* op_run.c - src/engine/op_run.c built for long descriptors (names.h). */
#include "names.h"
#include "../op_run.c" /* NOLINT(bugprone-suspicious-include) */
