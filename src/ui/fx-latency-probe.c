/* fx-latency-probe.c: how long the main loop goes without dispatching, for tests
 *
 * A high-priority timeout every 10 ms measures how late it comes: a handler, a redraw
 * or anything else that holds the main loop delays it by as much.  On a machine busy
 * with other processes it also comes late when the main thread merely waits for a
 * core, so the main thread's own processor time over the same gap is recorded too:
 * that is the work the application did on its main loop meanwhile.  Each stall over
 * 20 ms (either way) is written as a line "stall START_US WALL_US CPU_US", START_US on
 * the monotonic clock (CLOCK_MONOTONIC, which a test reads too), and a line
 * "alive NOW_US TICKS" each second shows that the probe runs.  The file is written as
 * it goes, so that it is complete however the application ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "fx-latency-probe.h"

#define INTERVAL_MS 10
#define REPORTED_US 20000

typedef struct
{
  FILE   *file;
  gint64  last;
  gint64  last_cpu;
  gint64  last_alive;
  guint64 ticks;
} Probe;

/* The processor time of the calling thread, µs: the probe runs on the main thread. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();
  gint64 late = now - probe->last - INTERVAL_MS * 1000;
  gint64 busy = cpu - probe->last_cpu;

  probe->ticks++;
  if (late > REPORTED_US || busy > REPORTED_US)
    {
      fprintf (probe->file, "stall %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
               probe->last + INTERVAL_MS * 1000, late, busy);
      fflush (probe->file);
    }
  if (now - probe->last_alive >= G_USEC_PER_SEC)
    {
      fprintf (probe->file, "alive %" G_GINT64_FORMAT " %" G_GUINT64_FORMAT "\n", now, probe->ticks);
      fflush (probe->file);
      probe->last_alive = now;
    }
  probe->last = now;
  probe->last_cpu = thread_cpu_time ();
  return G_SOURCE_CONTINUE;
}

void
fx_latency_probe_start (void)
{
  const char *path = g_getenv ("FACSIMILE_LATENCY_PROBE");
  Probe *probe;
  FILE *file;

  if (path == NULL || path[0] == '\0')
    return;
  if ((file = fopen (path, "w")) == NULL)
    {
      g_warning ("The latency probe cannot write to %s", path);
      return;
    }
  probe = g_new0 (Probe, 1);
  probe->file = file;
  probe->last = probe->last_alive = g_get_monotonic_time ();
  probe->last_cpu = thread_cpu_time ();
  /* lives as long as the process: the last stall is written before it ends */
  g_timeout_add_full (G_PRIORITY_HIGH, INTERVAL_MS, tick, probe, NULL);
}
