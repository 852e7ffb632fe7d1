/* engine.c - src/engine/engine.c built for long descriptors (names.h). */
#include "names.h"
#include "../engine.c" /* NOLINT(bugprone-suspicious-include) */
