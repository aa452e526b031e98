// Decoding PNG and JPEG from memory into RGBA with libpng and libjpeg. Errors come back as messages:
// libpng's simplified API catches its own longjmps; libjpeg's error_exit is replaced by a longjmp to
// a setjmp in this file, so no jump ever crosses into the caller.
#include "cimage.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/// A progressive JPEG can hold thousands of tiny scans that each cost a pass over the image.
#define RB_JPEG_MAX_SCANS 1000

static void set_message(rb_image *out, const char *message) {
    snprintf(out->message, sizeof out->message, "%s", message);
}

static void clear(rb_image *out) {
    out->pixels = NULL;
    out->width = 0;
    out->height = 0;
    out->message[0] = 0;
}

static int too_large(rb_image *out, uint64_t width, uint64_t height, uint64_t max_pixels) {
    if (width == 0 || height == 0) {
        set_message(out, "the image has no pixels");
        return 1;
    }
    // Each side fits in 32 bits, so the product fits in 64.
    if (width > UINT32_MAX || height > UINT32_MAX || width * height > max_pixels) {
        snprintf(out->message, sizeof out->message,
                 "%llux%llu is %llu pixels, more than the %llu this preview decodes",
                 (unsigned long long)width, (unsigned long long)height,
                 (unsigned long long)(width * height), (unsigned long long)max_pixels);
        return 1;
    }
    return 0;
}

int rb_image_decode_png(const uint8_t *data, size_t size, uint64_t max_pixels, rb_image *out) {
    clear(out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        set_message(out, image.message[0] ? image.message : "not a PNG libpng can read");
        png_image_free(&image);
        return -1;
    }
    if (too_large(out, image.width, image.height, max_pixels)) {
        png_image_free(&image);
        return -1;
    }
    image.format = PNG_FORMAT_RGBA;
    size_t bytes = (size_t)image.width * (size_t)image.height * 4;
    uint8_t *pixels = malloc(bytes);
    if (pixels == NULL) {
        set_message(out, "out of memory for the image's pixels");
        png_image_free(&image);
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        set_message(out, image.message[0] ? image.message : "libpng could not read the image");
        free(pixels);
        png_image_free(&image);
        return -1;
    }
    out->pixels = pixels;
    out->width = image.width;
    out->height = image.height;
    png_image_free(&image);
    return 0;
}

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    rb_image *out;
    int truncated;
} rb_jpeg_error;

static void jpeg_error_exit(j_common_ptr cinfo) {
    rb_jpeg_error *error = (rb_jpeg_error *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    set_message(error->out, text);
    longjmp(error->jump, 1);
}

/// Warnings are never printed (standard error is the terminal); a file that ends early is noted.
static void jpeg_emit_message(j_common_ptr cinfo, int level) {
    rb_jpeg_error *error = (rb_jpeg_error *)cinfo->err;
    if (level < 0) {
        cinfo->err->num_warnings++;
        if (cinfo->err->msg_code == JWRN_JPEG_EOF) error->truncated = 1;
    }
}

static void jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void jpeg_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > RB_JPEG_MAX_SCANS) {
        rb_jpeg_error *error = (rb_jpeg_error *)cinfo->err;
        snprintf(error->out->message, sizeof error->out->message,
                 "the JPEG has more than %d scans", RB_JPEG_MAX_SCANS);
        longjmp(error->jump, 1);
    }
}

int rb_image_decode_jpeg(const uint8_t *data, size_t size, uint64_t max_pixels, rb_image *out) {
    clear(out);
    if (size == 0) {
        set_message(out, "the file is empty");
        return -1;
    }
    struct jpeg_decompress_struct cinfo;
    rb_jpeg_error error;
    struct jpeg_progress_mgr progress;
    // Volatile: changed between setjmp and a longjmp back to it.
    uint8_t *volatile pixels = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = jpeg_error_exit;
    error.manager.emit_message = jpeg_emit_message;
    error.manager.output_message = jpeg_output_message;
    error.out = out;
    error.truncated = 0;
    if (setjmp(error.jump)) {
        free(pixels);
        jpeg_destroy_decompress(&cinfo);
        if (out->message[0] == 0) set_message(out, "libjpeg could not read the image");
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = jpeg_progress;
    cinfo.progress = &progress;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (too_large(out, cinfo.image_width, cinfo.image_height, max_pixels)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    jpeg_start_decompress(&cinfo);
    size_t width = cinfo.output_width, height = cinfo.output_height;
    if (too_large(out, width, height, max_pixels) || cinfo.output_components != 4) {
        if (out->message[0] == 0) set_message(out, "unexpected colour layout from libjpeg");
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    pixels = malloc(width * height * 4);
    if (pixels == NULL) {
        set_message(out, "out of memory for the image's pixels");
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW target = pixels + (size_t)cinfo.output_scanline * width * 4;
        if (jpeg_read_scanlines(&cinfo, &target, 1) != 1) break;
        if (error.truncated) break;
    }
    if (error.truncated || cinfo.output_scanline < cinfo.output_height) {
        snprintf(out->message, sizeof out->message, "the JPEG data ends early (%lu of %lu rows)",
                 (unsigned long)cinfo.output_scanline, (unsigned long)cinfo.output_height);
        free(pixels);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    if (cmyk) {
        // Adobe writes CMYK inverted (0 is full ink); libjpeg hands it back as stored.
        int inverted = cinfo.saw_Adobe_marker;
        for (size_t i = 0; i < width * height; i++) {
            uint8_t *p = pixels + i * 4;
            unsigned c = p[0], m = p[1], y = p[2], k = p[3];
            if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
            p[0] = (uint8_t)(c * k / 255);
            p[1] = (uint8_t)(m * k / 255);
            p[2] = (uint8_t)(y * k / 255);
            p[3] = 255;
        }
    }
    jpeg_abort_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    out->pixels = pixels;
    out->width = (uint32_t)width;
    out->height = (uint32_t)height;
    return 0;
}

void rb_image_free(rb_image *image) {
    if (image == NULL) return;
    free(image->pixels);
    image->pixels = NULL;
}
