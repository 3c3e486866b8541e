/*
 * unbake: repair mojibake (text decoded with the wrong character encoding).
 *
 * This is the one public header of libunbake. Everything it declares is
 * prefixed unbake_ / UNBAKE_. The library has no global mutable state: every
 * function is safe to call from several threads at once on different objects.
 *
 * Any byte string is valid input. Status codes report only resource
 * exhaustion, bad arguments, and calls made in the wrong order.
 */
#ifndef UNBAKE_H
#define UNBAKE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(UNBAKE_SHARED_BUILD)
#define UNBAKE_API __declspec(dllexport)
#elif defined(__GNUC__)
#define UNBAKE_API __attribute__((visibility("default")))
#else
#define UNBAKE_API
#endif

#define UNBAKE_VERSION_MAJOR 0
#define UNBAKE_VERSION_MINOR 1
#define UNBAKE_VERSION_PATCH 0
#define UNBAKE_VERSION_STRING "0.1.0"

/** Result of every fallible call. */
typedef enum unbake_status {
    UNBAKE_OK = 0,
    UNBAKE_ERR_NOMEM = 1,   /**< an allocation failed; nothing was lost */
    UNBAKE_ERR_ARGUMENT = 2, /**< a NULL pointer or an invalid option */
    UNBAKE_ERR_STATE = 3    /**< call out of order (e.g. input after finish) */
} unbake_status;

/** Human-readable, static text for a status code. */
UNBAKE_API const char *unbake_status_string(unbake_status status);

/** Library version string, e.g. "0.1.0". */
UNBAKE_API const char *unbake_version(void);

/**
 * Optional allocator. All three functions must be set when one is.
 * realloc receives the old size so that arena allocators can be plugged in.
 */
typedef struct unbake_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t new_size);
    void (*free)(void *ctx, void *ptr, size_t size);
    void *ctx;
} unbake_allocator;

/** What a fix record describes. */
typedef enum unbake_fix_kind {
    /** Mojibake undone: `after` is the recovered text. */
    UNBAKE_FIX_REPAIR = 0,
    /**
     * Damage that cannot be undone (锟斤拷, runs of U+FFFD, 烫烫烫 fill).
     * `after` is the best honest form (may equal `before`); `lost_chars`
     * estimates how many characters of the true text are gone.
     */
    UNBAKE_FIX_IRRECOVERABLE = 1,
    /**
     * The input bytes were not UTF-8 and were decoded from a legacy
     * encoding named in `hypothesis`.
     */
    UNBAKE_FIX_DECODED = 2
} unbake_fix_kind;

/**
 * One change (or one finding). Pointers are valid only during the callback.
 * Offsets are in bytes from the start of the whole stream (input side and
 * output side respectively).
 */
typedef struct unbake_fix {
    unbake_fix_kind kind;
    uint64_t in_offset;      /**< start of the changed span in the input */
    size_t in_len;           /**< its length in bytes */
    uint64_t out_offset;     /**< start of the replacement in the output */
    size_t out_len;          /**< its length in bytes */
    const char *before;      /**< the input span (UTF-8 or raw bytes) */
    const char *after;       /**< the output span (UTF-8) */
    /**
     * The hypothesis chain, outermost layer first, e.g.
     * "utf-8>gbk/ignore" or "utf-8>cp1252,utf-8>cp1252".
     */
    const char *hypothesis;
    unsigned layers;         /**< number of layers undone (>= 1) */
    unsigned guessed_bytes;  /**< lost bytes filled in by the search */
    unsigned lost_chars;     /**< IRRECOVERABLE only: characters lost */
    double confidence;       /**< 0..1: how sure the repair is right */
    /**
     * Free-text explanation of lost-byte guesses (candidates considered,
     * scores, why one won), or NULL.
     */
    const char *detail;
} unbake_fix;

/** Called once per fix, in output order. Must not call back into the stream. */
typedef void (*unbake_fix_fn)(const unbake_fix *fix, void *user);

/** Option flags (bit set in unbake_options.flags). */
enum {
    /** Report what would change but emit the input unchanged (--check). */
    UNBAKE_FLAG_DRY_RUN = 1u << 0,
    /** Leave bytes that are not UTF-8 as they are instead of decoding them. */
    UNBAKE_FLAG_KEEP_INVALID = 1u << 1,
    /** Do not report irrecoverable damage. */
    UNBAKE_FLAG_NO_DAMAGE_REPORT = 1u << 2,
    /** Fill undecidable lost bytes with hole_replacement instead of the
     *  most likely candidate. */
    UNBAKE_FLAG_NO_GUESS = 1u << 3,
    /** Leave unbake_fix.detail NULL: the explanation of lost-byte guesses
     *  is not written (it costs time on text with many of them). */
    UNBAKE_FLAG_NO_DETAIL = 1u << 4
};

/** Repair options. Always initialise with unbake_options_init(). */
typedef struct unbake_options {
    /** Wrong codecs to consider, comma-separated (e.g. "cp1252,gbk");
     *  NULL or "" means all known ones. */
    const char *codecs;
    /** Maximum number of stacked layers undone at one place (default 3). */
    unsigned max_layers;
    /** Repairs below this confidence are not applied (default 0.5). */
    double min_confidence;
    /** Code point written for a lost byte that cannot be decided
     *  (default U+FFFD). */
    uint32_t hole_replacement;
    /** Bytes of context the streaming engine decides over at once; memory
     *  use is a small multiple of it (default 512 KiB, minimum 4 KiB). */
    size_t window;
    unsigned flags;          /**< UNBAKE_FLAG_* */
    unbake_fix_fn on_fix;    /**< optional fix callback */
    void *user;              /**< passed to on_fix */
    const unbake_allocator *allocator; /**< NULL: malloc/realloc/free */
} unbake_options;

/** Fill `opt` with the defaults described above. */
UNBAKE_API void unbake_options_init(unbake_options *opt);

/**
 * One-shot repair of `len` bytes at `src`. On UNBAKE_OK, *out holds the
 * repaired text (NUL-terminated, *out_len bytes without the NUL), allocated
 * with the options' allocator; release it with unbake_free(). `opt` may be
 * NULL for defaults. Built on the streaming engine, so the result equals a
 * stream fed the same bytes in any chunking.
 */
UNBAKE_API unbake_status unbake_repair(const void *src, size_t len,
                                       const unbake_options *opt,
                                       char **out, size_t *out_len);

/** Free a buffer returned by unbake_repair() with the same options. */
UNBAKE_API void unbake_free(const unbake_options *opt, char *buf, size_t len);

/** Incremental engine with caller-owned buffers and bounded memory. */
typedef struct unbake_stream unbake_stream;

/** Create a stream. `opt` is copied (the `codecs` string too). */
UNBAKE_API unbake_status unbake_stream_new(const unbake_options *opt,
                                           unbake_stream **stream);

/**
 * Feed input and collect output, zlib style. Consumes up to `in_len` bytes
 * (*in_used says how many) and writes up to `out_cap` bytes to `out`
 * (*out_len says how many). Pass finish = 1 once all input has been given
 * (with in_len 0 or the last bytes), then keep calling with finish = 1
 * until the function returns UNBAKE_OK with *out_len == 0 and nothing
 * pending, which unbake_stream_pending() reports.
 * Input is taken only while the internal window has room, so a caller that
 * never drains the output sees *in_used == 0 rather than unbounded growth.
 */
UNBAKE_API unbake_status unbake_stream_process(unbake_stream *stream,
                                               const void *in, size_t in_len,
                                               size_t *in_used,
                                               void *out, size_t out_cap,
                                               size_t *out_len, int finish);

/** Non-zero while the stream holds input or output not yet returned. */
UNBAKE_API int unbake_stream_pending(const unbake_stream *stream);

/** Totals since the stream was created. */
typedef struct unbake_stats {
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t repairs;        /**< UNBAKE_FIX_REPAIR records */
    uint64_t irrecoverable;  /**< UNBAKE_FIX_IRRECOVERABLE records */
    uint64_t decoded;        /**< UNBAKE_FIX_DECODED records (legacy input) */
    uint64_t guessed_bytes;
} unbake_stats;

UNBAKE_API void unbake_stream_stats(const unbake_stream *stream,
                                    unbake_stats *stats);

/** Start a stream over as if it were new: no input taken, no output
 * pending, no document evidence, statistics at zero; the options it was
 * made with stay. Its memory is kept, and so are the memos of the code
 * pages and language models it has filled, which depend on no input: for
 * many inputs in a row (files, or the parts of one large input) this is
 * cheaper than unbake_stream_free() and unbake_stream_new(), and gives the
 * same output. NULL is fine. */
UNBAKE_API void unbake_stream_reset(unbake_stream *stream);

/** Release a stream (NULL is fine). */
UNBAKE_API void unbake_stream_free(unbake_stream *stream);

/**
 * Names of the wrong codecs the library knows, as a NULL-terminated array
 * of static strings (e.g. "cp1252", "gbk", "shift_jis").
 */
UNBAKE_API const char *const *unbake_codec_names(void);

#ifdef __cplusplus
}
#endif

#endif /* UNBAKE_H */
