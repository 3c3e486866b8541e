/*
 * Text helpers for the reporters: a growable string, a strict UTF-8
 * decoder, and the two escapings (one-line display text and JSON).
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void sb_init(struct sbuf *sb)
{
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
    sb->failed = 0;
}

void sb_free(struct sbuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

/* Make room for n more bytes plus a NUL. On allocation failure the buffer
 * is marked failed and further appends are dropped: a report line that is
 * cut short is better than aborting the repair. */
static int sb_reserve(struct sbuf *sb, size_t n)
{
    if (sb->failed)
        return -1;
    if (n >= SIZE_MAX - sb->len - 1) {
        sb->failed = 1;
        return -1;
    }
    if (sb->len + n + 1 <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 128;
    while (cap < sb->len + n + 1) {
        if (cap > SIZE_MAX / 2) {
            sb->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(sb->data, cap);
    if (!p) {
        sb->failed = 1;
        return -1;
    }
    sb->data = p;
    sb->cap = cap;
    return 0;
}

void sb_add(struct sbuf *sb, const char *s, size_t n)
{
    if (sb_reserve(sb, n) != 0)
        return;
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(struct sbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_add(sb, small, (size_t)n);
        return;
    }
    if (sb_reserve(sb, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2; c = b & 0x1F; min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3; c = b & 0x0F; min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4; c = b & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

void sb_add_display(struct sbuf *sb, const char *s, size_t n, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, chars = 0;
    while (i < n) {
        if (chars == max_chars) {
            sb_puts(sb, "\xE2\x80\xA6"); /* U+2026 … */
            return;
        }
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);
        if (len == 0) {
            sb_printf(sb, "\\x%02X", p[i]);
            i++;
        } else if (cp == '\n') {
            sb_puts(sb, "\\n");
        } else if (cp == '\t') {
            sb_puts(sb, "\\t");
        } else if (cp == '\r') {
            sb_puts(sb, "\\r");
        } else if (cp == '\\') {
            sb_puts(sb, "\\\\");
        } else if (cp < 0x20 || cp == 0x7F) {
            sb_printf(sb, "\\x%02X", (unsigned)cp);
        } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
            /* C1 controls (common in cp1252 mojibake, e.g. U+009D) and
             * Unicode line separators would break or hide in a terminal. */
            sb_printf(sb, "\\u%04X", (unsigned)cp);
        } else {
            sb_add(sb, s + i, len);
        }
        if (len)
            i += len;
        chars++;
    }
}

void sb_add_json_string(struct sbuf *sb, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    sb_add(sb, "\"", 1);
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);
        if (len == 0) {
            /* JSON text must be UTF-8: invalid bytes become U+FFFD. */
            sb_puts(sb, "\\ufffd");
            i++;
            continue;
        }
        switch (cp) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        case '\b': sb_puts(sb, "\\b"); break;
        case '\f': sb_puts(sb, "\\f"); break;
        default:
            if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
                sb_printf(sb, "\\u%04x", (unsigned)cp);
            else
                sb_add(sb, s + i, len);
        }
        i += len;
    }
    sb_add(sb, "\"", 1);
}
