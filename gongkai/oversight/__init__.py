"""check --report: what an inspection (政府网站检查) would fault, per site, as a page and report.json
kept outside the published output. A site group passes one `SiteFindings` per member to `render`."""
