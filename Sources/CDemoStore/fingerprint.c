#include "demo_store.h"

unsigned long long runboard_demo_fingerprint(void) {
    unsigned long long hash = 1469598103934665603ULL;
    for (unsigned long i = 0; i < runboard_demo_file_count; i++) {
        const runboard_demo_file *file = &runboard_demo_files[i];
        for (const char *c = file->path; *c; c++) { hash = (hash ^ (unsigned char)*c) * 1099511628211ULL; }
        hash = (hash ^ 0xff) * 1099511628211ULL;
        for (unsigned long j = 0; j < file->size; j++) { hash = (hash ^ file->bytes[j]) * 1099511628211ULL; }
    }
    return hash;
}

const runboard_demo_file *runboard_demo_file_at(unsigned long index) {
    return index < runboard_demo_file_count ? &runboard_demo_files[index] : 0;
}
