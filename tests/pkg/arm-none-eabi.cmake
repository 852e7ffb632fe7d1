# tests/pkg/arm-none-eabi.cmake - CMake toolchain file for bare-metal ARM
# with Debian's arm-none-eabi-gcc, Cortex-A9 (QEMU vexpress-a9), ARM state,
# soft float. Compiler checks build a static library (nothing can be
# linked and run without a linker script).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CROSS_COMPILE arm-none-eabi- CACHE STRING "toolchain prefix")
set(CMAKE_C_COMPILER ${CROSS_COMPILE}gcc)
set(CMAKE_ASM_COMPILER ${CROSS_COMPILE}gcc)
set(CMAKE_AR ${CROSS_COMPILE}ar CACHE FILEPATH "archiver")
set(CMAKE_RANLIB ${CROSS_COMPILE}ranlib CACHE FILEPATH "ranlib")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "-mcpu=cortex-a9 -marm -mfloat-abi=soft")
set(CMAKE_ASM_FLAGS_INIT "-mcpu=cortex-a9 -marm -mfloat-abi=soft")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-mcpu=cortex-a9 -marm -mfloat-abi=soft")

# Programs from the host; libraries and headers from the target side;
# packages (vmsaConfig.cmake) from CMAKE_PREFIX_PATH as given.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
