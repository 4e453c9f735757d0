// The level distribution of the maturity page. The counts come from the json_script element
// "kematangan-data" written by the page (no inline script, for the Content-Security-Policy).
(function () {
  "use strict";
  var source = document.getElementById("kematangan-data");
  var canvas = document.getElementById("chart-kematangan");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: "Jumlah OPD", data: data.counts, backgroundColor: "#0d6efd" }]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } }
    }
  });
  canvas.dataset.rendered = "1";
})();
