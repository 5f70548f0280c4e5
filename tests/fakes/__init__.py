"""Fakes at the network boundary: the Google Sheets API v4 wire format, served in-process or on 127.0.0.1."""
