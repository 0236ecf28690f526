/** A temperature over time: one reading (minC = maxC) or a digest window's range. */
export interface TemperatureSample {
    at: string;
    minC: number;
    maxC: number;
}

/** The part of an excursion the chart marks: when it started and, if closed, ended. */
export interface ExcursionSpan {
    id: string;
    kind: 'high' | 'low';
    startAt: string;
    endAt?: string;
    peakC: number;
}

export interface ChartSize {
    width: number;
    height: number;
    /** Room for the axes' labels: left, right, top, bottom. */
    margin: { left: number; right: number; top: number; bottom: number };
}

export interface ChartTick {
    value: number;
    position: number;
    label: string;
}

/** Everything the SVG of the temperature chart draws, in pixels. */
export interface ChartGeometry {
    plot: { x: number; y: number; width: number; height: number };
    band: { y: number; height: number };
    line: string;
    envelope: string;
    points: Array<{ x: number; y: number; outside: boolean; sample: TemperatureSample }>;
    excursions: Array<{ id: string; kind: 'high' | 'low'; x: number; width: number; peakY: number; open: boolean }>;
    yTicks: ChartTick[];
    xTicks: ChartTick[];
}

/**
 * Lays out the temperature chart: the allowed band, the samples' line and range envelope, points
 * outside the band, and each excursion as a highlighted span (an open one runs to the latest sample).
 * Pure arithmetic so the component stays a template and the layout is unit-tested.
 *
 * @example
 * const g = chartGeometry(samples, { minC: 2, maxC: 8 }, excursions, { width: 640, height: 240, margin: { left: 40, right: 10, top: 10, bottom: 24 } });
 * g.band; // { y: …, height: … } the shaded 2–8 °C band
 */
export function chartGeometry(
    samples: readonly TemperatureSample[],
    band: { minC: number; maxC: number },
    excursions: readonly ExcursionSpan[],
    size: ChartSize,
    formatTime: (ms: number) => string = (ms) => new Date(ms).toISOString().slice(11, 16),
): ChartGeometry {
    const plot = {
        x: size.margin.left,
        y: size.margin.top,
        width: Math.max(1, size.width - size.margin.left - size.margin.right),
        height: Math.max(1, size.height - size.margin.top - size.margin.bottom),
    };
    const sorted = [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const times = [...sorted.map((s) => Date.parse(s.at)), ...excursions.flatMap((e) => [Date.parse(e.startAt), ...(e.endAt ? [Date.parse(e.endAt)] : [])])].filter(
        Number.isFinite,
    );
    const t0 = times.length ? Math.min(...times) : 0;
    const t1 = times.length ? Math.max(...times) : 1;
    const span = t1 > t0 ? t1 - t0 : 60_000;
    const temps = [band.minC, band.maxC, ...sorted.flatMap((s) => [s.minC, s.maxC]), ...excursions.map((e) => e.peakC)];
    const [c0, c1] = niceRange(Math.min(...temps) - 1, Math.max(...temps) + 1);

    const x = (ms: number) => plot.x + ((ms - t0) / span) * plot.width;
    const y = (c: number) => plot.y + plot.height - ((c - c0) / (c1 - c0)) * plot.height;
    const mid = (s: TemperatureSample) => (s.minC + s.maxC) / 2;

    const line = sorted.map((s, i) => `${i ? 'L' : 'M'}${round(x(Date.parse(s.at)))},${round(y(mid(s)))}`).join('');
    const ranged = sorted.some((s) => s.maxC > s.minC);
    const envelope = ranged
        ? [...sorted.map((s): [number, number] => [x(Date.parse(s.at)), y(s.maxC)]), ...[...sorted].reverse().map((s): [number, number] => [x(Date.parse(s.at)), y(s.minC)])]
              .map(([px, py], i) => `${i ? 'L' : 'M'}${round(px)},${round(py)}`)
              .join('') + 'Z'
        : '';
    const lastAt = times.length ? t1 : t0;

    return {
        plot,
        band: { y: round(y(band.maxC)), height: round(y(band.minC) - y(band.maxC)) },
        line,
        envelope,
        points: sorted.map((s) => ({ x: round(x(Date.parse(s.at))), y: round(y(mid(s))), outside: s.maxC > band.maxC || s.minC < band.minC, sample: s })),
        excursions: excursions.map((e) => {
            const start = x(Date.parse(e.startAt));
            const end = x(e.endAt ? Date.parse(e.endAt) : lastAt);
            return { id: e.id, kind: e.kind, x: round(start), width: round(Math.max(2, end - start)), peakY: round(y(e.peakC)), open: !e.endAt };
        }),
        yTicks: ticks(c0, c1).map((c) => ({ value: c, position: round(y(c)), label: `${c}` })),
        xTicks: [0, 0.25, 0.5, 0.75, 1].map((f) => {
            const ms = t0 + f * span;
            return { value: ms, position: round(x(ms)), label: formatTime(ms) };
        }),
    };
}

/** The step of the y axis's ticks: 1, 2 or 5 times a power of ten, about five ticks in all. */
function tickStep(low: number, high: number): number {
    const raw = (high - low) / 5;
    const power = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

function niceRange(low: number, high: number): [number, number] {
    const step = tickStep(low, high);
    return [Math.floor(low / step) * step, Math.ceil(high / step) * step];
}

function ticks(low: number, high: number): number[] {
    const step = tickStep(low, high);
    const out: number[] = [];
    for (let v = low; v <= high + step / 1000; v += step) {
        out.push(Number(v.toFixed(6)));
    }
    return out;
}

function round(v: number): number {
    return Math.round(v * 10) / 10;
}
