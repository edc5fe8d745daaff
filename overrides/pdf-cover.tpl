<div class="pdf-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="pdf-cover__lead">{{ config.site_description }}</p>
  <p>
    The seven-step framework, every case study in both tracks, the concepts and the
    practice material, in the order of the site's navigation. Each diagram is printed
    in the light palette; its Mermaid source is in the repository under
    <code>diagrams/</code>. The interactive parts (the calculator in each Numbers
    table, the self-test, progress marks) work only on the site.
  </p>
  <p class="pdf-cover__meta">{{ config.copyright }}</p>
</div>
