// zlib's types and prototypes only: TenkaiImage opens libz.so.1 with dlopen when it first
// compresses a layer, so `tenkai synth` and the other commands do not map it at start.
#include <zlib.h>

typedef int (*tenkai_deflate_init2_fn)(z_streamp, int, int, int, int, int, const char *, int);
typedef int (*tenkai_deflate_fn)(z_streamp, int);
typedef int (*tenkai_deflate_end_fn)(z_streamp);
typedef int (*tenkai_inflate_init2_fn)(z_streamp, int, const char *, int);
typedef int (*tenkai_inflate_fn)(z_streamp, int);
typedef int (*tenkai_inflate_end_fn)(z_streamp);

// deflateInit2 and inflateInit2 are macros that pass the header's version and the stream's size.
// windowBits 15 + 16 asks for a gzip wrapper with no file name and a zero time stamp.
static inline int tenkai_deflate_init_gzip(tenkai_deflate_init2_fn init, z_streamp stream, int level) {
    return init(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, (int)sizeof(z_stream));
}

static inline int tenkai_inflate_init_gzip(tenkai_inflate_init2_fn init, z_streamp stream) {
    return init(stream, 15 + 16, ZLIB_VERSION, (int)sizeof(z_stream));
}
