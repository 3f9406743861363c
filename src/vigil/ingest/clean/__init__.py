"""The ``clean`` stage: the article body without the scraping debris around it
(``cleaner``), judged by the shape of each line (``lines``)."""
