/* simulate --svg: the series as a picture a browser opens.  Pushes per
 * bucket are bars (left axis), the cumulative share of the pushed devices a
 * line (right axis), phase starts dashed lines, blackouts shaded; the time
 * axis is in the plan's local time with UTC beneath.  Plain SVG 1.1, no
 * script, no external resource. */
#include "simulation.h"

#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { WIDTH = 1000, HEIGHT = 450, LEFT = 70, RIGHT = 60, TOP = 64, BOTTOM = 90 };
#define PLOT_W (WIDTH - LEFT - RIGHT)
#define PLOT_H (HEIGHT - TOP - BOTTOM)

/* The colours the tests look for in the rendered picture. */
#define BAR_COLOUR  "#3b6fb6"
#define LINE_COLOUR "#e8743b"

typedef struct canvas {
    FILE *out;
    const simulation *s;
    double max_pushes;
} canvas;

static double x_of(const canvas *c, int64_t t)
{
    double span = (double)(c->s->to - c->s->from);
    return LEFT + PLOT_W * (double)(t - c->s->from) / span;
}

static double y_of_pushes(const canvas *c, double pushes)
{
    return TOP + PLOT_H - PLOT_H * pushes / c->max_pushes;
}

/* Text content, escaped for XML.  The plan's name may hold any character
 * but C0 and C1 controls (rules section 3), and XML 1.0 has no place for
 * those nor for U+FFFE and U+FFFF: controls print as spaces, the two
 * noncharacters as U+FFFD, so that every output is well-formed. */
static void put_text(FILE *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '<')
            fputs("&lt;", out);
        else if (*p == '>')
            fputs("&gt;", out);
        else if (*p == '&')
            fputs("&amp;", out);
        else if (*p < 0x20 || *p == 0x7f)
            fputc(' ', out);
        else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            fputc(' ', out), p++;
        else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
            fputs("\xef\xbf\xbd", out), p += 2;
        else
            fputc(*p, out);
    }
}

/* "12-03 01:50" of an instant at the plan's local time (or UTC). */
static void short_time(const simulation *s, int64_t t, int local, char out[24])
{
    int32_t offset = 0;
    if (local && ota_compiled_plan_utc_offset(s->compiled, t, &offset) != OTA_OK)
        offset = 0;
    char text[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(t + offset, text);
    snprintf(out, 24, "%.5s %.5s", text + 5, text + 11);
}

static void draw_blackouts(const canvas *c)
{
    int64_t start, end;
    for (uint32_t i = 0; ota_compiled_plan_blackout(c->s->compiled, i, &start, &end) == OTA_OK;
         i++) {
        if (end <= c->s->from || start >= c->s->to)
            continue;
        double x0 = x_of(c, start > c->s->from ? start : c->s->from);
        double x1 = x_of(c, end < c->s->to ? end : c->s->to);
        fprintf(c->out,
                "<rect class=\"blackout\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                "fill=\"#d9d9d9\"/>\n",
                x0, TOP, x1 - x0, PLOT_H);
        fprintf(c->out,
                "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" fill=\"#666\">blackout</text>\n",
                x0 + 3, TOP + 14);
    }
}

static void draw_bars(const canvas *c)
{
    const simulation *s = c->s;
    for (size_t k = 0; k < s->bucket_count; k++) {
        if (!s->pushes[k])
            continue;
        int64_t start = simulation_bucket_start(s, k);
        int64_t end = simulation_bucket_start(s, k + 1);
        double x0 = x_of(c, start), x1 = x_of(c, end < s->to ? end : s->to);
        double y = y_of_pushes(c, (double)s->pushes[k]);
        fprintf(c->out,
                "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                "fill=\"" BAR_COLOUR "\"/>\n",
                x0, y, x1 - x0, TOP + PLOT_H - y);
    }
}

static void draw_cumulative(const canvas *c)
{
    const simulation *s = c->s;
    if (!s->pushed)
        return;
    fprintf(c->out,
            "<polyline class=\"cumulative\" fill=\"none\" stroke=\"" LINE_COLOUR
            "\" stroke-width=\"2\" points=\"%.2f,%d",
            x_of(c, s->from), TOP + PLOT_H);
    unsigned long long sum = 0;
    for (size_t k = 0; k < s->bucket_count; k++) {
        sum += s->pushes[k];
        int64_t end = simulation_bucket_start(s, k + 1);
        double share = (double)sum / (double)s->pushed;
        fprintf(c->out, " %.2f,%.2f", x_of(c, end < s->to ? end : s->to),
                TOP + PLOT_H - PLOT_H * share);
    }
    fprintf(c->out, "\"/>\n");
}

static void draw_phases(const canvas *c)
{
    int64_t start;
    int32_t basis_points;
    for (uint32_t i = 0;
         ota_compiled_plan_phase(c->s->compiled, i, &start, &basis_points) == OTA_OK; i++) {
        if (start < c->s->from || start >= c->s->to)
            continue;
        double x = x_of(c, start);
        fprintf(c->out,
                "<line class=\"phase\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" "
                "stroke=\"#2a9d55\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>\n",
                x, TOP, x, TOP + PLOT_H);
        fprintf(c->out,
                "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" fill=\"#2a9d55\" "
                "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">phase %u: "
                "%d.%02d%%</text>\n",
                x + 3, TOP + 26 + 13 * (int)(i % 3), i + 1, basis_points / 100, basis_points % 100);
    }
}

static void draw_axes(const canvas *c)
{
    const simulation *s = c->s;
    FILE *out = c->out;
    fprintf(out,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n"
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n"
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
            LEFT, TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H, LEFT, TOP, LEFT, TOP + PLOT_H,
            LEFT + PLOT_W, TOP, LEFT + PLOT_W, TOP + PLOT_H);
    for (int i = 0; i <= 4; i++) {
        double y = TOP + PLOT_H - PLOT_H * i / 4.0;
        fprintf(out,
                "<text x=\"%d\" y=\"%.2f\" font-size=\"11\" text-anchor=\"end\">%.0f</text>\n"
                "<text x=\"%d\" y=\"%.2f\" font-size=\"11\">%d%%</text>\n",
                LEFT - 6, y + 4, c->max_pushes * i / 4.0, LEFT + PLOT_W + 6, y + 4, 25 * i);
    }
    fprintf(out,
            "<text x=\"16\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 16 %d)\" "
            "text-anchor=\"middle\">pushes per %d min</text>\n",
            TOP + PLOT_H / 2, TOP + PLOT_H / 2, s->bucket_minutes);
    enum { LABELS = 6 };
    for (int i = 0; i <= LABELS; i++) {
        int64_t t = s->from + (s->to - s->from) * i / LABELS;
        double x = x_of(c, t);
        char local[24], utc[24];
        short_time(s, t, 1, local);
        short_time(s, t, 0, utc);
        fprintf(out,
                "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#333\"/>\n"
                "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n"
                "<text x=\"%.2f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                "fill=\"#777\">%s UTC</text>\n",
                x, TOP + PLOT_H, x, TOP + PLOT_H + 5, x, TOP + PLOT_H + 18, local, x,
                TOP + PLOT_H + 32, utc);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
            LEFT + PLOT_W / 2, HEIGHT - 22);
    put_text(out, ota_compiled_plan_timezone(s->compiled));
    fprintf(out, " local time (UTC beneath)</text>\n");
}

static void draw_title(const canvas *c)
{
    const simulation *s = c->s;
    fprintf(c->out, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">", LEFT);
    put_text(c->out, s->plan->name ? s->plan->name : "plan");
    fprintf(c->out,
            "</text>\n<text x=\"%d\" y=\"40\" font-size=\"12\" fill=\"#444\">%llu devices, "
            "%llu pushed in the window shown; bars: pushes per bucket, line: share of the "
            "pushed</text>\n",
            LEFT, s->devices, s->pushed);
    if (s->pushed) {
        size_t peak = simulation_peak(s);
        int64_t start = simulation_bucket_start(s, peak);
        char local[24];
        short_time(s, start, 1, local);
        double x = x_of(c, start);
        fprintf(c->out,
                "<text class=\"peak\" x=\"%.2f\" y=\"%.2f\" font-size=\"11\" "
                "text-anchor=\"%s\" stroke=\"#ffffff\" stroke-width=\"3\" "
                "paint-order=\"stroke\">peak %llu at %s</text>\n",
                x, y_of_pushes(c, (double)s->pushes[peak]) - 4, x > WIDTH / 2 ? "end" : "start",
                s->pushes[peak], local);
    }
}

int simulation_write_svg(const simulation *s, const char *path)
{
    FILE *out = fopen(path, "wb");
    if (!out) {
        fprintf(stderr, "otaplan simulate: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    size_t peak = simulation_peak(s);
    canvas c = {out, s, s->bucket_count && s->pushes[peak] ? (double)s->pushes[peak] : 1.0};
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT);
    draw_blackouts(&c);
    draw_bars(&c);
    draw_phases(&c);
    draw_cumulative(&c);
    draw_axes(&c);
    draw_title(&c);
    fprintf(out, "</svg>\n");
    int failed = ferror(out);
    if (fclose(out) != 0 || failed) {
        fprintf(stderr, "otaplan simulate: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    return 0;
}
