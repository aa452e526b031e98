#ifndef RUNBOARD_CIMAGE_H
#define RUNBOARD_CIMAGE_H

#include <stddef.h>
#include <stdint.h>

/// One decoded image: RGBA, 8 bits a channel, rows top to bottom without padding
/// (`width * height * 4` bytes), or the decoder's message when it failed.
typedef struct {
    uint8_t *pixels;
    uint32_t width;
    uint32_t height;
    /// Empty on success; the library's own words (or ours) on failure.
    char message[256];
} rb_image;

/// Decodes a PNG (libpng's simplified API) from memory. Images of more than `max_pixels` pixels are
/// refused from their header, before any pixel memory is allocated. Returns 0 on success (free with
/// `rb_image_free`), -1 on failure with `out->message` set and nothing to free. Never exits and never
/// jumps out of the call.
int rb_image_decode_png(const uint8_t *data, size_t size, uint64_t max_pixels, rb_image *out);

/// Decodes a JPEG (libjpeg) from memory, the same way. Grey, YCbCr, RGB, CMYK and YCCK images come
/// back as RGBA; a file that ends early is refused, not filled with grey.
int rb_image_decode_jpeg(const uint8_t *data, size_t size, uint64_t max_pixels, rb_image *out);

/// Frees the pixels of a successful decode (a no-op on a cleared or failed one).
void rb_image_free(rb_image *image);

#endif
