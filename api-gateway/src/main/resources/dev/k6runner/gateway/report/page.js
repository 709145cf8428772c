/* The pages' own script: charts (uPlot) from the page's inert JSON data (series labels overridable by
   data.labels, e.g. the compare page's base and head), anomaly marks on them,
   sortable tables, and a reload while the run is live. No request leaves the page. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('page-data').textContent);
  window.pageData = data;
  window.pageCharts = {};
  window.pageMarks = [];

  var COLORS = { p50: '#2b8a3e', p95: '#e8590c', p99: '#c92a2a', rps: '#1c7ed6', eps: '#e03131',
    vus: '#7048e8', cpu: '#0c8599', cpu_avg: '#0c8599', cpu_peak: '#d6336c', base: '#868e96' };
  var CHARTS = [
    { id: 'latency', unit: 'ms', series: [['p50', 'p50'], ['p95', 'p95'], ['p99', 'p99'], ['base_p95', 'baseline p95']] },
    { id: 'throughput', unit: '/s', series: [['rps', 'requests/s'], ['eps', 'errors/s'], ['base_rps', 'baseline requests/s']] },
    { id: 'vus', unit: 'VUs', series: [['vus', 'active VUs'], ['base_vus', 'baseline VUs']] },
    { id: 'cpu', unit: '%', series: [['cpu', 'k6 CPU'], ['cpu_avg', 'k6 CPU average'], ['cpu_peak', 'k6 CPU peak'],
      ['base_cpu', 'baseline k6 CPU']] }
  ];

  function elapsed(seconds) {
    var s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m, ss = (r < 10 ? '0' : '') + r;
    return (h > 0 ? h + ':' : '') + mm + ':' + ss;
  }

  function markPlugin(chartId) {
    var marks = (data.marks || []).filter(function (mark) { return mark.chart === chartId; });
    return {
      hooks: {
        draw: [function (u) {
          if (!window.performance.getEntriesByName('first-chart').length) {
            window.performance.mark('first-chart');
          }
          var ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
          ctx.save();
          ctx.font = Math.round(11 * window.devicePixelRatio) + 'px sans-serif';
          marks.forEach(function (mark) {
            var x0 = u.valToPos(mark.from, 'x', true);
            var label = '#' + (mark.index + 1) + ' ' + mark.type.replace(/_/g, ' ');
            if (mark.to !== null && mark.to !== undefined) {
              var x1 = u.valToPos(mark.to, 'x', true);
              ctx.fillStyle = 'rgba(224, 49, 49, 0.14)';
              ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
            }
            ctx.strokeStyle = '#c92a2a';
            ctx.lineWidth = 2 * window.devicePixelRatio;
            ctx.setLineDash([6, 4]);
            ctx.beginPath();
            ctx.moveTo(x0, top);
            ctx.lineTo(x0, top + height);
            if (mark.level !== null && mark.level !== undefined && chartId !== 'throughput') {
              var y = u.valToPos(mark.level, 'y', true);
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
            }
            ctx.stroke();
            ctx.fillStyle = '#c92a2a';
            ctx.textBaseline = 'top';
            // uPlot leaves the alignment of its last axis label: say which side of the line the label goes
            var roomRight = u.bbox.left + u.bbox.width - x0 > ctx.measureText(label).width + 8;
            ctx.textAlign = roomRight ? 'left' : 'right';
            ctx.fillText(label, roomRight ? x0 + 4 : x0 - 4, top + 4);
          });
          ctx.restore();
        }]
      }
    };
  }

  function seriesOf(chart) {
    return chart.series.filter(function (s) { return Array.isArray(data.columns[s[0]]); }).map(function (s) {
      var baseline = s[0].indexOf('base_') === 0;
      var label = (data.labels && data.labels[s[0]]) || s[1];
      return { key: s[0], label: label, stroke: baseline ? COLORS.base : COLORS[s[0]], width: baseline ? 2 : 1.5,
        dash: baseline ? [8, 5] : undefined, spanGaps: baseline,
        value: function (u, v) { return v === null || v === undefined ? '–' : (+v.toFixed(2)) + ' ' + chart.unit; } };
    });
  }

  function draw(chart) {
    var el = document.getElementById('chart-' + chart.id);
    var series = seriesOf(chart);
    if (!el || series.length === 0) {
      return;
    }
    var opts = {
      width: Math.max(320, el.clientWidth), height: 220,
      scales: { x: { time: false } },
      axes: [{ incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
        values: function (u, vals) { return vals.map(elapsed); } },
        { size: 60, values: function (u, vals) { return vals.map(function (v) { return v + (chart.unit === '%' ? '%' : ''); }); } }],
      series: [{ label: 'elapsed', value: function (u, v) { return v === null ? '–' : elapsed(v); } }].concat(series),
      plugins: [markPlugin(chart.id)]
    };
    var columns = [data.columns.x].concat(series.map(function (s) { return data.columns[s.key]; }));
    window.pageCharts[chart.id] = new uPlot(opts, columns, el);
  }

  function sortable(table) {
    var headers = table.querySelectorAll('th');
    headers.forEach(function (th, column) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var descending = th.getAttribute('aria-sort') !== 'descending';
        headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-sort'), y = b.cells[column].getAttribute('data-sort');
          var nx = parseFloat(x), ny = parseFloat(y);
          var order = !isNaN(nx) && !isNaN(ny) ? nx - ny : String(x).localeCompare(String(y));
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll('table.sortable').forEach(sortable);
  if (data.columns && data.columns.x && data.columns.x.length > 0) {
    CHARTS.forEach(draw);
    window.addEventListener('resize', function () {
      Object.keys(window.pageCharts).forEach(function (id) {
        var el = document.getElementById('chart-' + id);
        window.pageCharts[id].setSize({ width: Math.max(320, el.clientWidth), height: 220 });
      });
    });
  }
  (data.marks || []).forEach(function (mark) { window.pageMarks.push(mark); });
  if (data.refresh_seconds && /^https?:$/.test(window.location.protocol)) {
    window.setTimeout(function () { window.location.reload(); }, data.refresh_seconds * 1000);
  }
})();
