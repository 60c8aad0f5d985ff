"""The kartläggning wizard (samtal, the two grids, motivationskors, åtgärder,
sammanställning, overview) as one embeddable widget."""
from .wizard import KartlaggningWizard

__all__ = ["KartlaggningWizard"]
