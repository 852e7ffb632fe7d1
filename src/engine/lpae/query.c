/* query.c - src/engine/query.c built for long descriptors (names.h). */
#include "names.h"
#include "../query.c" /* NOLINT(bugprone-suspicious-include) */
