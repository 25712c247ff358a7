"""Drawing pieces the pages share: answer widgets, the sharing panel, common page pieces."""
