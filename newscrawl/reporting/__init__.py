"""The crawl report: a site's last runs read back from their summaries, drawn as one HTML page."""
