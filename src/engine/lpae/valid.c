/* valid.c - src/engine/valid.c built for long descriptors (names.h). */
#include "names.h"
#include "../valid.c" /* NOLINT(bugprone-suspicious-include) */
