#ifndef RUNBOARD_DEMO_STORE_H
#define RUNBOARD_DEMO_STORE_H

/// One file of the demo store, embedded in the binary: its path inside the store and its bytes.
typedef struct {
    const char *path;
    const unsigned char *bytes;
    unsigned long size;
} runboard_demo_file;

/// Every file of the demo store (mlflow.db and the artifacts under mlruns/).
extern const runboard_demo_file runboard_demo_files[];
extern const unsigned long runboard_demo_file_count;

/// The file at `index` (below `runboard_demo_file_count`).
const runboard_demo_file *runboard_demo_file_at(unsigned long index);

/// A 64-bit FNV-1a fingerprint of every path and byte: names the folder the store is written to.
unsigned long long runboard_demo_fingerprint(void);

#endif
