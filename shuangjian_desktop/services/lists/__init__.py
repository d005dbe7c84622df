"""The public white and black lists (白名单 / 黑名单): entering and taking off with reason, date and document number,
their history, and their publication (公示) as PDF and XLSX."""
