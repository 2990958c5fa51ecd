"""regimen-fhir: cancer-regimen content pages to validated FHIR."""
__version__ = "0.1.0"
