package report

import "html/template"

// pageTemplate is the report page. It is written as XHTML-compatible HTML (void elements closed,
// no named entities but the XML ones, no "<" or "&" in the style sheet) so that an XML parser reads
// it, which is how the tests check it. The heat map comes first, in a frame of
// HeatmapFrameColor, so that it is on the first screen and a screenshot check finds it.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font-family: {{.Font}}; font-size: 15px; color: #222; background: #fff; margin: 0; }
main { max-width: 1060px; margin: 0 auto; padding: 12px 20px 40px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; line-height: 1.4; }
nav a { margin-right: 14px; color: #1a5276; }
.summary { color: #444; }
.frame { display: inline-block; border: 6px solid {{.FrameColor}}; line-height: 0; background: #fff; }
figure { margin: 8px 0; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.status { font-family: monospace; white-space: pre-wrap; }
.empty { color: #7a4b00; background: #fff6e0; padding: 8px; border: 1px solid #f0d9a0; }
code { font-family: monospace; }
.default, .default td { color: #888; }
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
<p class="summary">{{.Summary}}</p>
<nav>{{if .Stats.Heading}}<a href="#stats">{{.Stats.Heading}}</a>{{end}}{{if .Along.Img}}<a href="#along">Line plot</a>{{else}}<a href="#heatmap">Heat map</a>{{end}}<a href="#lines">Line plots</a><a href="#grid">Parameters</a><a href="#failed">Failed points</a><a href="#metadata">Run metadata</a></nav>
</header>

{{if .Stats.Heading}}<section id="stats">
<h2>{{.Stats.Heading}}</h2>
<p>{{.Stats.Intro}}</p>
{{range .Stats.Figures}}{{if .Title}}<h3>{{.Title}}</h3>{{end}}
<figure><img src="{{.Img}}" alt="{{.Alt}}" width="{{.W}}" height="{{.H}}"/></figure>
<p>{{.Note}}</p>
{{end}}{{if .Stats.Empty}}<p class="empty">{{.Stats.Empty}}</p>{{end}}
</section>

{{end}}{{if .Along.Img}}<section id="along">
<h2>{{.Along.Heading}}</h2>
<p>{{.Along.Note}}</p>
<p>{{.Metric.How}}</p>
{{if .MetricWhy}}<p class="summary">{{.MetricWhy}}</p>{{end}}
<figure><div class="frame" style="border-color: {{.Along.FrameColor}}"><img src="{{.Along.Img}}" alt="{{.Along.Alt}}" width="900" height="540"/></div></figure>
</section>{{else}}
<section id="heatmap">
<h2>Heat map: {{.Metric.Label}}</h2>
<p>{{.Heat.Note}}</p>
<p>{{.Metric.How}}</p>
{{if .MetricWhy}}<p class="summary">{{.MetricWhy}}</p>{{end}}
{{if .Heat.Img}}<figure><div class="frame"><img src="{{.Heat.Img}}" alt="{{.Heat.Alt}}" width="{{.Heat.W}}" height="{{.Heat.H}}"/></div></figure>{{end}}
{{if .Heat.Empty}}<p class="empty">{{.Heat.Empty}}</p>{{end}}
{{if .Heat.Rows}}<details><summary>Values of the map (hover a cell for its number of points)</summary>
<table>
<tr><th>{{.Heat.YName}} \ {{.Heat.XName}}</th>{{range .Heat.Cols}}<th>{{.}}</th>{{end}}</tr>
{{range .Heat.Rows}}<tr><th>{{.Label}}</th>{{range .Cells}}<td class="num" title="{{.Title}}">{{.Value}}</td>{{end}}</tr>
{{end}}</table>
</details>{{end}}
</section>{{end}}

<section id="lines">
<h2>Line plots</h2>
{{if .Lines.Empty}}<p class="empty">{{.Lines.Empty}}</p>{{end}}
{{if .Lines.Img}}<p>{{.Lines.Note}}</p>
<figure><img src="{{.Lines.Img}}" alt="{{.Lines.Alt}}" width="900" height="540"/></figure>{{end}}
{{if .Lines.Marginals}}<h3>Along every axis</h3>
<p>{{.Lines.MarginalsNote}}</p>
<figure><img src="{{.Lines.Marginals}}" alt="{{.Metric.Label}} along each axis"/></figure>{{end}}
</section>

<section id="grid">
<h2>Parameters</h2>
<h3>Swept</h3>
<p>Mode {{.Grid.Mode}}, {{.Grid.Repeats}} {{if eq .Grid.Repeats 1}}repeat{{else}}repeats{{end}} per combination, {{.Grid.Points}}.</p>
{{if .Grid.Axes}}<table>
<tr><th>axis</th><th>unit</th><th>values</th><th>count</th><th>in this report</th></tr>
{{range .Grid.Axes}}<tr><td><code>{{.Path}}</code></td><td>{{.Unit}}</td><td>{{.Values}}</td><td class="num">{{.N}}</td><td>{{.Role}}</td></tr>
{{end}}</table>{{else}}<p>No axes: a single configuration.</p>{{end}}
<h3>Fixed</h3>
{{if .Grid.Fixed}}<p>Every setting of the network that no axis varies; <span class="default">grey</span>: the model's default, not set in the sweep file.</p>
<table>
<tr><th>setting</th><th>value</th><th>unit</th></tr>
{{range .Grid.Fixed}}<tr{{if .Default}} class="default"{{end}}><td><code>{{.Path}}</code></td><td>{{.Value}}</td><td>{{.Unit}}</td></tr>
{{end}}</table>{{end}}
{{if .Grid.NoFixed}}<p>{{.Grid.NoFixed}}</p>{{end}}
</section>

<section id="failed">
<h2>Failed points</h2>
<p>{{.Failed.Summary}}</p>
{{if .Failed.Rows}}<table>
<tr><th>point</th>{{range .Failed.AxisCol}}<th>{{.}}</th>{{end}}<th>repeat</th><th>seed</th><th>status</th><th>to look at it</th></tr>
{{$dir := .Failed.Dir}}{{range .Failed.Rows}}<tr><td class="num">{{.Point}}</td>{{range .Params}}<td class="num">{{.}}</td>{{end}}<td class="num">{{.Repeat}}</td><td class="num">{{.Seed}}</td><td class="status">{{.Status}}</td><td><code>batch plot {{$dir}} --point {{.Point}}</code></td></tr>
{{end}}</table>{{end}}
{{if .Failed.NoData}}<p>{{.Failed.NoData}}</p>{{end}}
</section>

<section id="metadata">
<h2>Run metadata</h2>
<table>
{{range .Meta}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{if .Objects}}<h3>Network</h3>
<table>
<tr><th>kind</th><th>name</th><th>model</th><th></th></tr>
{{range .Objects}}<tr><td>{{index . 0}}</td><td><code>{{index . 1}}</code></td><td>{{index . 2}}</td><td>{{index . 3}}</td></tr>
{{end}}</table>{{end}}
{{if .Monitors}}<h3>Monitors</h3>
<table>
<tr><th>name</th><th>target</th><th>variables (unit)</th><th>every (steps)</th><th>dtype</th></tr>
{{range .Monitors}}<tr><td><code>{{.Name}}</code></td><td>{{.Target}}{{if .Projection}} (projection){{end}}</td><td>{{$u := .Units}}{{range $i, $v := .Vars}}{{if $i}}, {{end}}{{$v}}{{with index $u $v}} ({{.}}){{end}}{{end}}</td><td class="num">{{.Every}}</td><td>{{.Dtype}}</td></tr>
{{end}}</table>{{end}}
{{if .FileMeta}}<h3>Parquet metadata of the points table</h3>
<table>
{{range .FileMeta}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>{{end}}
</section>
</main>
</body>
</html>
`))
