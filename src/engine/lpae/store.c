/* store.c - src/engine/store.c built for long descriptors (names.h). */
#include "names.h"
#include "../store.c" /* NOLINT(bugprone-suspicious-include) */
