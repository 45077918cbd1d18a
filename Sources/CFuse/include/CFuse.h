#ifndef CFUSE_H
#define CFUSE_H

// libfuse3's low-level API, with its macros and versioned entry points turned into
// plain CFuse_* functions that Swift can call. No logic lives here.
#include <stddef.h>

#ifdef __linux__
#define FUSE_USE_VERSION 312
#include <fuse3/fuse_lowlevel.h>

/// The libfuse version the program runs against, e.g. 314 for 3.14.
int CFuse_version(void);

/// True when /dev/fuse can be opened for reading and writing by this process.
int CFuse_deviceUsable(void);
#endif

#endif
