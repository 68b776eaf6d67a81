"""Documents: files of any supported kind read into one model of blocks with locators.

See :mod:`vazby.documents.model` for the model; readers are picked by content.
"""
