"""Documents: XLSX readers and writers and PDF writers. They take and give plain data and write atomically."""
