// The dashboard's script: the sales chart, drawn from the report's table
// (so the chart and the table cannot disagree), and a reload every few
// seconds while a run on the page is still going.
"use strict";

function salesChart() {
  const canvas = document.getElementById("sales-chart");
  const rows = document.querySelectorAll("#sales tbody tr[data-category]");
  if (!canvas || rows.length === 0 || typeof Chart === "undefined") {
    return;
  }
  const labels = [], sums = [], counts = [], means = [];
  rows.forEach((tr) => {
    labels.push(tr.dataset.category);
    sums.push(Number(tr.dataset.sum));
    counts.push(Number(tr.dataset.count));
    means.push(Number(tr.dataset.mean));
  });
  new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: [
        { label: "sum", data: sums, yAxisID: "y", backgroundColor: "#3b6ea5" },
        { label: "count", data: counts, yAxisID: "count", backgroundColor: "#a5c3e0" },
        { label: "mean", data: means, yAxisID: "mean", type: "line", borderColor: "#c0392b", backgroundColor: "#c0392b" },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        y: { beginAtZero: true, title: { display: true, text: "sum" } },
        count: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "count" } },
        mean: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "mean" } },
      },
    },
  });
}

function reloadWhileRunning() {
  if (document.querySelector(".status.running") && !document.querySelector("form.filters input:focus")) {
    setTimeout(() => window.location.reload(), 3000);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  salesChart();
  reloadWhileRunning();
});
