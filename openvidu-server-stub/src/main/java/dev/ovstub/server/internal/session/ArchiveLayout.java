package dev.ovstub.server.internal.session;

/** The 1.8 layouts. All are drawn as BEST_FIT for now; the names are kept for the wire and the layout page. */
public enum ArchiveLayout {
    BEST_FIT("layout-best-fit"),
    PICTURE_IN_PICTURE("layout-picture-in-picture"),
    VERTICAL_PRESENTATION("layout-vertical-presentation"),
    HORIZONTAL_PRESENTATION("layout-horizontal-presentation");

    private final String pageName;

    ArchiveLayout(String pageName) {
        this.pageName = pageName;
    }

    /** The route of the layout page, as in {@code /#/layout-best-fit/<session>/<secret>}. */
    public String pageName() {
        return pageName;
    }
}
