#ifndef CFUSE_H
#define CFUSE_H

// libfuse3's low-level API, with its macros and versioned entry points turned into
// plain CFuse_* functions that Swift can call. No logic and no policy live here: thread
// counts and connection sizes are the Swift caller's. _GNU_SOURCE is defined in shim.c
// only (see there), so this header declares nothing that needs it.
#include <stddef.h>
#include <stdint.h>

#ifdef __linux__
#define FUSE_USE_VERSION 312
#include <fuse3/fuse_lowlevel.h>

/// The libfuse version the program runs against, e.g. 314 for 3.14.
int CFuse_version(void);

/// True when /dev/fuse can be opened for reading and writing by this process.
int CFuse_deviceUsable(void);

/// fuse_session_new with FUSE_ARGS_INIT over argv (argv[0] is the program name).
struct fuse_session *CFuse_sessionNew(int argc, char **argv, const struct fuse_lowlevel_ops *ops, void *userdata);

/// The multi-threaded loop with a loop configuration (fuse_session_loop_mt is a macro):
/// at most maxThreads workers, of which at most maxIdleThreads are kept waiting.
int CFuse_sessionLoopMultiThreaded(struct fuse_session *session, unsigned int maxThreads,
                                   unsigned int maxIdleThreads);

/// The connection options set in the init callback: no writeback cache, so a held write
/// really stalls its writer; no atomic O_TRUNC, so truncation is a gated size change;
/// max_write as given.
void CFuse_configureConnection(struct fuse_conn_info *connection, unsigned int maxWrite);

/// syncfs(2), a GNU extension Glibc's module hides from Swift (it needs _GNU_SOURCE).
int CFuse_syncfs(int fd);

/// copy_file_range(2), hidden the same way: copies between two files inside the kernel.
long CFuse_copyFileRange(int input, long long *inputOffset, int output, long long *outputOffset,
                         unsigned long count);

/// O_DIRECT, which Glibc hides from Swift without _GNU_SOURCE.
int CFuse_openDirectFlag(void);

/// UTIME_NOW and UTIME_OMIT, macros Swift cannot import.
long CFuse_utimeNow(void);
long CFuse_utimeOmit(void);

/// fuse_file_info bit-fields, which Swift cannot reach.
void CFuse_setDirectIO(struct fuse_file_info *info, int on);
void CFuse_setKeepCache(struct fuse_file_info *info, int on);

/// Answers an open with FOPEN_DIRECT_IO and FOPEN_PARALLEL_DIRECT_WRITES: the kernel then
/// sends direct writes to one file to the server concurrently instead of one at a time.
int CFuse_replyOpenDirectParallel(fuse_req_t request, uint64_t handle);
#endif

#endif
