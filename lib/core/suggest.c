#include "suggest.h"

#include <string.h>

#define LONGEST 64

static char folded(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c == '-' ? '_' : c;
}

static int smallest(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

int ota__edit_distance(const char *a, const char *b, int max)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > LONGEST || m > LONGEST || (n > m ? n - m : m - n) > (size_t)max)
        return max + 1;
    /* Three rows of the dynamic programme: two back for the swaps. */
    int rows[3][LONGEST + 1];
    int *before = rows[0], *previous = rows[1], *current = rows[2];
    for (size_t j = 0; j <= m; j++)
        previous[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        current[0] = (int)i;
        int row_min = current[0];
        for (size_t j = 1; j <= m; j++) {
            int cost = folded(a[i - 1]) != folded(b[j - 1]);
            current[j] = smallest(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            if (i > 1 && j > 1 && folded(a[i - 1]) == folded(b[j - 2]) &&
                folded(a[i - 2]) == folded(b[j - 1]) && before[j - 2] + 1 < current[j])
                current[j] = before[j - 2] + 1;
            if (current[j] < row_min)
                row_min = current[j];
        }
        if (row_min > max)
            return max + 1;
        int *spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    return previous[m] <= max ? previous[m] : max + 1;
}
